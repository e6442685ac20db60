/**
 * Groups contact names under the upper-case first letter ("#" for non-letters).
 * @param {string[]} names
 * @returns {Object<string, string[]>}
 */
function contactIndex(names) {
  const index = {};
  for (const raw of names) {
    const name = raw.trim();
    if (name === "") {
      continue;
    }
    const first = name[0];
    const key = /\p{L}/u.test(first) ? first.toUpperCase() : "#";
    if (!(key in index)) {
      index[key] = [];
    }
    index[key].push(name);
  }
  return index;
}

module.exports = { contactIndex };
