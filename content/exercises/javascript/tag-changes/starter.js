/**
 * Compares a photo's tags before and after an edit.
 * @param {string[]} before
 * @param {string[]} after
 * @returns {{added: string[], removed: string[], kept: string[]}}
 */
function tagChanges(before, after) {
  const added = [];
  const removed = [];
  const kept = [];
  // Your code here.
  return { added, removed, kept };
}

module.exports = { tagChanges };
