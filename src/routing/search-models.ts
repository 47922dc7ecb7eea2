/**
 * OpenAI's search models for Chat Completions (gpt-4o-search-preview, gpt-4o-mini-search-preview,
 * gpt-5-search-api and their dated snapshots): OpenAI has them search the web before every answer, with or
 * without `web_search_options`. A client protocol matches the name the client asked for, whatever it is
 * mapped to (the client asked for a search); an OpenAI-compatible upstream, the name it is sent (the server
 * searches on its own).
 */
const SEARCH_MODEL = /^gpt-[\w.-]+-search-(preview|api)(-\d{4}-\d{2}-\d{2})?$/;

export const alwaysSearches = (model: string): boolean => SEARCH_MODEL.test(model);
