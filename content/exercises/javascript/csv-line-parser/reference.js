/**
 * Splits one CSV record into its fields.
 * @param {string} line
 * @returns {string[]}
 * @throws {SyntaxError} for an unterminated quoted field or text after a closing quote
 */
function parseCsvLine(line) {
  const fields = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      const open = i;
      let value = "";
      i++;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close === -1) {
          throw new SyntaxError(`unterminated quoted field starting at position ${open}`);
        }
        value += line.slice(i, close);
        if (line[close + 1] === '"') {
          value += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      fields.push(value);
      if (i < line.length && line[i] !== ",") {
        throw new SyntaxError(`unexpected character after closing quote at position ${i}`);
      }
    } else {
      const comma = line.indexOf(",", i);
      const end = comma === -1 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end;
    }
    if (i >= line.length) {
      return fields;
    }
    i++; // skip the comma
  }
}

module.exports = { parseCsvLine };
