/**
 * Cleans a list of tags: trimmed, lower-cased, no blanks, no repeats, first-seen order.
 * @param {string[]} tags
 * @returns {Set<string>}
 */
function cleanTags(tags) {
  const clean = new Set();
  for (const tag of tags) {
    const cleaned = tag.trim().toLowerCase();
    if (cleaned !== "") {
      clean.add(cleaned);
    }
  }
  return clean;
}

/**
 * Compares a photo's tags before and after an edit.
 * @param {string[]} before
 * @param {string[]} after
 * @returns {{added: string[], removed: string[], kept: string[]}}
 */
function tagChanges(before, after) {
  const old = cleanTags(before);
  const now = cleanTags(after);
  const added = [];
  const removed = [];
  const kept = [];
  for (const tag of now) {
    (old.has(tag) ? kept : added).push(tag);
  }
  for (const tag of old) {
    if (!now.has(tag)) {
      removed.push(tag);
    }
  }
  return { added, removed, kept };
}

module.exports = { tagChanges };
