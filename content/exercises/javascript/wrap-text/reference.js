/**
 * Splits `text` into lines of at most `width` characters, breaking only between words.
 * @param {string} text
 * @param {number} width - at least 1
 * @returns {string[]}
 */
function wrapText(text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (word === "") {
      continue;
    }
    if (line === "") {
      line = word;
    } else if (line.length + 1 + word.length <= width) {
      line += " " + word;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") {
    lines.push(line);
  }
  return lines;
}

module.exports = { wrapText };
