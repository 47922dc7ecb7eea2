/** The path of a request URL (`request.url`), without its query: no array per call, unlike split("?"). */
export function urlPath(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}
