/**
 * Returns the fewest steps from "S" to "E" through a warehouse map, or -1 if "E" cannot
 * be reached. Steps go up, down, left or right; "#" cells are shelves.
 * @param {string[]} grid rows of equal length made of ".", "#", "S" and "E"
 * @returns {number}
 */
function shortestPath(grid) {
  const rows = grid.length;
  const cols = grid[0].length;
  const size = rows * cols;
  const blocked = new Uint8Array(size);
  let start = -1;
  let end = -1;
  for (let r = 0; r < rows; r++) {
    const line = grid[r];
    for (let c = 0; c < cols; c++) {
      const ch = line[c];
      const cell = r * cols + c;
      if (ch === "#") blocked[cell] = 1;
      else if (ch === "S") start = cell;
      else if (ch === "E") end = cell;
    }
  }

  // Breadth-first search: cells leave the queue in order of their distance from the start,
  // so the first time "E" is reached, it is reached by a shortest route.
  const dist = new Int32Array(size).fill(-1);
  const queue = new Int32Array(size);
  let head = 0;
  let tail = 0;
  dist[start] = 0;
  queue[tail++] = start;
  while (head < tail) {
    const cell = queue[head++];
    if (cell === end) return dist[cell];
    const r = Math.floor(cell / cols);
    const c = cell - r * cols;
    const next = dist[cell] + 1;
    // Neighbours are only inside the grid: no wrapping from one row end to the next row.
    if (r > 0 && !blocked[cell - cols] && dist[cell - cols] < 0) {
      dist[cell - cols] = next;
      queue[tail++] = cell - cols;
    }
    if (r < rows - 1 && !blocked[cell + cols] && dist[cell + cols] < 0) {
      dist[cell + cols] = next;
      queue[tail++] = cell + cols;
    }
    if (c > 0 && !blocked[cell - 1] && dist[cell - 1] < 0) {
      dist[cell - 1] = next;
      queue[tail++] = cell - 1;
    }
    if (c < cols - 1 && !blocked[cell + 1] && dist[cell + 1] < 0) {
      dist[cell + 1] = next;
      queue[tail++] = cell + 1;
    }
  }
  return -1;
}

module.exports = { shortestPath };
