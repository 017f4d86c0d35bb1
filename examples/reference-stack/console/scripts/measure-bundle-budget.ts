/** The budget for the console's initial JavaScript, gzip. */
export const INITIAL_JAVASCRIPT_BUDGET_BYTES = 150 * 1024;
