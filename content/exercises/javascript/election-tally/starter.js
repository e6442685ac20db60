/**
 * Finds the winner of a club election.
 * @param {string[]} ballots - names in the order the ballots were counted
 * @returns {{winner: string, votes: number} | null}
 */
function electionWinner(ballots) {
  // Your code here.
  return null;
}

module.exports = { electionWinner };
