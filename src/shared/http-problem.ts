// An HTTP error a route handler throws on purpose: the status, a stable machine code and a
// message for the person reading it (the error handler turns it into the JSON answer).
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
