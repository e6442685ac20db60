/**
 * Returns the ticket numbers from 1 to `total` that are not in `stubs`, in increasing order.
 * @param {number[]} stubs
 * @param {number} total
 * @returns {number[]}
 */
function missingTickets(stubs, total) {
  const returned = new Set(stubs);
  const missing = [];
  for (let ticket = 1; ticket <= total; ticket++) {
    if (!returned.has(ticket)) {
      missing.push(ticket);
    }
  }
  return missing;
}

module.exports = { missingTickets };
