/** An error smtp-server turns into the SMTP reply `code text`. */
export class SmtpReply extends Error {
  readonly responseCode: number;

  constructor(code: number, text: string) {
    super(text);
    this.responseCode = code;
  }
}

export const reply = (code: number, text: string): SmtpReply => new SmtpReply(code, text);
