/**
 * Orders players for a leaderboard (score desc, time asc, name) and gives each a rank.
 * Players with equal score and time share a rank; the next rank skips ahead (1, 2, 2, 4).
 * @param {{name: string, score: number, time: number}[]} players
 * @returns {{rank: number, name: string, score: number, time: number}[]}
 */
function rankPlayers(players) {
  const sorted = [...players].sort((a, b) => {
    if (a.score !== b.score) return b.score - a.score;
    if (a.time !== b.time) return a.time - b.time;
    if (a.name < b.name) return -1;
    return a.name > b.name ? 1 : 0;
  });
  const result = [];
  sorted.forEach((player, i) => {
    const prev = result[i - 1];
    const tied = prev && prev.score === player.score && prev.time === player.time;
    result.push({ rank: tied ? prev.rank : i + 1, name: player.name, score: player.score, time: player.time });
  });
  return result;
}

module.exports = { rankPlayers };
