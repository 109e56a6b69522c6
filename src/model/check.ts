/** The part of the validator's IssueCollector the model reports derived-value errors into. */
export interface IssueCollectorLike {
  report(path: string, rule: string, message: string): void;
}
