import OpenAI from "openai";
import { expect } from "vitest";

export type BadRequest = InstanceType<typeof OpenAI.BadRequestError>;

/** The BadRequestError the openai SDK raised for `request` (which must fail with one). */
export async function refusal(request: Promise<unknown>): Promise<BadRequest> {
  const error = await request.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  return error as BadRequest;
}
