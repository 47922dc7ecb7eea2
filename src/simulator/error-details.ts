/** Builders for the `details[]` entries of Google errors (google.rpc types). */

const typePrefix = "type.googleapis.com/google.rpc.";

export function retryInfo(retryDelay: string): Record<string, unknown> {
  return { "@type": `${typePrefix}RetryInfo`, retryDelay };
}

export function errorInfo(
  reason: string,
  domain: string,
  metadata?: Record<string, string>,
): Record<string, unknown> {
  return { "@type": `${typePrefix}ErrorInfo`, reason, domain, ...(metadata ? { metadata } : {}) };
}

export interface QuotaViolation {
  quotaMetric: string;
  quotaId: string;
  quotaDimensions: Record<string, string>;
  quotaValue: string;
}

export function quotaFailure(violations: QuotaViolation[]): Record<string, unknown> {
  return { "@type": `${typePrefix}QuotaFailure`, violations };
}

export function help(description: string, url: string): Record<string, unknown> {
  return { "@type": `${typePrefix}Help`, links: [{ description, url }] };
}

export function localizedMessage(message: string): Record<string, unknown> {
  return { "@type": `${typePrefix}LocalizedMessage`, locale: "en-US", message };
}
