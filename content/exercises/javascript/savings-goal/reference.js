/**
 * Counts the months until a savings account reaches `goal` cents, or -1 if it never does.
 * @param {number} balance - starting balance in cents
 * @param {number} deposit - cents paid in at the end of every month
 * @param {number} goal - target balance in cents
 * @param {number} ratePercent - monthly interest in whole percent
 * @returns {number}
 */
function monthsToGoal(balance, deposit, goal, ratePercent) {
  let months = 0;
  while (balance < goal) {
    const interest = Math.floor((balance * ratePercent) / 100);
    if (interest + deposit === 0) {
      return -1;
    }
    balance += interest + deposit;
    months++;
  }
  return months;
}

module.exports = { monthsToGoal };
