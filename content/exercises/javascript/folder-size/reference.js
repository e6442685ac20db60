/**
 * Returns the total size in bytes of all files inside `node`.
 * A file is `{ name, size }`; a folder is `{ name, children }`.
 * @param {{name: string, size?: number, children?: object[]}} node
 * @returns {number}
 */
function folderSize(node) {
  if (!node.children) {
    return node.size;
  }
  let total = 0;
  for (const child of node.children) {
    total += folderSize(child);
  }
  return total;
}

module.exports = { folderSize };
