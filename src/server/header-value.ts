const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const NOT_PRINTABLE_ASCII_OR_PERCENT = /[^\x20-\x24\x26-\x7e]+/gu;
/** Half a surrogate pair, which encodeURIComponent refuses (a URIError). */
const LONE_SURROGATE = /\p{Cs}/gu;

/**
 * Free text (an account label) as a response header value. Node refuses a value beyond Latin-1 or with a
 * control character, and bytes beyond ASCII are read differently by each client: printable ASCII goes as it
 * is; otherwise every other character (and `%`) is percent-encoded as UTF-8, so `decodeURIComponent` gives
 * the text back.
 */
export function headerValue(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  return text.replace(NOT_PRINTABLE_ASCII_OR_PERCENT, (run) =>
    encodeURIComponent(run.replace(LONE_SURROGATE, "\ufffd")),
  );
}
