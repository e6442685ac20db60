/**
 * Returns page number `page` (counting from 1) of `items`, `pageSize` items per page.
 * @param {Array} items
 * @param {number} pageSize - at least 1
 * @param {number} page - at least 1
 * @returns {{items: Array, page: number, totalPages: number, hasPrevious: boolean, hasNext: boolean}}
 */
function paginate(items, pageSize, page) {
  // Your code here.
  return { items: [], page, totalPages: 0, hasPrevious: false, hasNext: false };
}

module.exports = { paginate };
