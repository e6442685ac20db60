/**
 * Orders players for a leaderboard (score desc, time asc, name) and gives each a rank.
 * Players with equal score and time share a rank; the next rank skips ahead (1, 2, 2, 4).
 * @param {{name: string, score: number, time: number}[]} players
 * @returns {{rank: number, name: string, score: number, time: number}[]}
 */
function rankPlayers(players) {
  // Your code here.
  return [];
}

module.exports = { rankPlayers };
