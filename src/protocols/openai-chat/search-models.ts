/**
 * OpenAI's search models for Chat Completions (gpt-4o-search-preview, gpt-4o-mini-search-preview,
 * gpt-5-search-api and their dated snapshots): OpenAI has them search the web before every answer, with or
 * without `web_search_options`. Matched on the name the client asked for, whatever it is mapped to.
 */
const SEARCH_MODEL = /^gpt-[\w.-]+-search-(preview|api)(-\d{4}-\d{2}-\d{2})?$/;

export const alwaysSearches = (requestedModel: string): boolean => SEARCH_MODEL.test(requestedModel);
