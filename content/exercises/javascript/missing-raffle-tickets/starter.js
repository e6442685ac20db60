/**
 * Returns the ticket numbers from 1 to `total` that are not in `stubs`, in increasing order.
 * @param {number[]} stubs
 * @param {number} total
 * @returns {number[]}
 */
function missingTickets(stubs, total) {
  const missing = [];
  // Your code here.
  return missing;
}

module.exports = { missingTickets };
