/**
 * Finds the winner of a club election.
 * @param {string[]} ballots - names in the order the ballots were counted
 * @returns {{winner: string, votes: number} | null}
 */
function electionWinner(ballots) {
  const votes = new Map(); // lower-case name -> number of votes
  const spelling = new Map(); // lower-case name -> first spelling
  let leader = null;
  let leaderVotes = 0;
  for (const ballot of ballots) {
    const name = ballot.trim();
    if (name === "") {
      continue;
    }
    const key = name.toLowerCase();
    if (!spelling.has(key)) {
      spelling.set(key, name);
    }
    const count = (votes.get(key) ?? 0) + 1;
    votes.set(key, count);
    if (count > leaderVotes) {
      leader = key;
      leaderVotes = count;
    }
  }
  return leader === null ? null : { winner: spelling.get(leader), votes: leaderVotes };
}

module.exports = { electionWinner };
