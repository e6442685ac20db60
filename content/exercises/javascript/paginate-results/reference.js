/**
 * Returns page number `page` (counting from 1) of `items`, `pageSize` items per page.
 * @param {Array} items
 * @param {number} pageSize - at least 1
 * @param {number} page - at least 1
 * @returns {{items: Array, page: number, totalPages: number, hasPrevious: boolean, hasNext: boolean}}
 */
function paginate(items, pageSize, page) {
  const totalPages = Math.ceil(items.length / pageSize);
  const start = (page - 1) * pageSize;
  return {
    items: items.slice(start, start + pageSize),
    page,
    totalPages,
    hasPrevious: page > 1,
    hasNext: page < totalPages,
  };
}

module.exports = { paginate };
