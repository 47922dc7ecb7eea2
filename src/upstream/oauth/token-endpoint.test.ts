import { createServer, type Server } from "node:http";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../upstream-error.js";
import { refreshAccessToken } from "./token-endpoint.js";

/** A token endpoint that refuses every refresh with the OAuth error named by the path. */
let server: Server;
let base: string;
const agent = new Agent();

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const error = request.url?.slice(1) ?? "";
      const status = error === "invalid_grant" ? 400 : 401;
      const description = { invalid_grant: "Bad Request", invalid_client: "The OAuth client was not found." };
      response.writeHead(status, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          error,
          error_description: description[error as keyof typeof description] ?? "Unauthorized",
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await agent.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function refusal(error: string): Promise<UpstreamError> {
  const client = { tokenUrl: `${base}/${error}`, clientId: "agate-test" };
  const failure = await refreshAccessToken(agent, client, "1//refresh", 0, AbortSignal.timeout(5_000)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(failure instanceof UpstreamError)) throw new Error("expected an UpstreamError");
  return failure;
}

describe("refreshAccessToken refusals", () => {
  it("invalid_grant: the refresh token is dead, said as Google said it", async () => {
    const error = await refusal("invalid_grant");
    expect(error.oauth).toEqual({ error: "invalid_grant", description: "Bad Request" });
    expect(error.message).toBe(
      "the OAuth token endpoint refused the refresh (HTTP 400, invalid_grant): Bad Request",
    );
  });

  it("unauthorized_client: says the token belongs to another OAuth client than oauth_client_id", async () => {
    const error = await refusal("unauthorized_client");
    expect(error.oauth?.error).toBe("unauthorized_client");
    expect(error.message).toContain("(HTTP 401, unauthorized_client): Unauthorized");
    expect(error.message).toContain("issued to another OAuth client than oauth_client_id");
  });

  it("invalid_client: says oauth_client_id or oauth_client_secret is wrong", async () => {
    const error = await refusal("invalid_client");
    expect(error.message).toContain("check oauth_client_id and oauth_client_secret");
  });
});
