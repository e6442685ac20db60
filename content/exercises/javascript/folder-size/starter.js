/**
 * Returns the total size in bytes of all files inside `node`.
 * A file is `{ name, size }`; a folder is `{ name, children }`.
 * @param {{name: string, size?: number, children?: object[]}} node
 * @returns {number}
 */
function folderSize(node) {
  // Your code here.
  return 0;
}

module.exports = { folderSize };
