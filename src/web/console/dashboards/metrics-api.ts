import type { ConnectApi } from '../api/connect-api';
import { ApiError, request } from '../api/http';

/** The live board the server pushes: its shape is shared with the server. */
export type { BoardFigures, BoardMetric, LiveBoard } from '../../../core/metrics/live-board.js';

/** A GetMetricDataV2 request as the dashboards send it (spec/metrics.md §3.3). */
export interface MetricDataV2Request {
  ResourceArn: string;
  StartTime: number;
  EndTime: number;
  Interval: { TimeZone: string; IntervalPeriod: string };
  Filters: { FilterKey: string; FilterValues: string[] }[];
  Groupings?: string[];
  Metrics: { Name: string; Threshold?: { Comparison: string; ThresholdValue: number }[] }[];
}

export interface MetricResultV2 {
  Dimensions?: Record<string, string>;
  MetricInterval?: { Interval: string; StartTime: number; EndTime: number };
  /** Value is left out when it cannot be computed (an average of nothing). */
  Collections: { Metric: { Name: string }; Value?: number | null }[];
}

const enc = encodeURIComponent;

/** The instance's ARN (GetMetricDataV2 names the instance by it), from DescribeInstance. */
export const instanceArn = (api: ConnectApi) => request<{ Instance: { Arn: string } }>(api.token, 'GET', `/instance/${enc(api.instanceId)}`).then((r) => r.Instance.Arn);

/**
 * The server's current time in ms (GetCurrentMetricData's DataSnapshotTime): periods are measured
 * on it, so a browser clock that runs ahead never asks for an EndTime in the server's future.
 */
export const serverNow = (api: ConnectApi) =>
  request<{ DataSnapshotTime: number }>(api.token, 'POST', `/metrics/current/${enc(api.instanceId)}`, {
    Filters: { Channels: ['CHAT'] },
    CurrentMetrics: [{ Name: 'AGENTS_ONLINE' }],
    MaxResults: 1,
  }).then((r) => Math.floor(r.DataSnapshotTime * 1000));

/** GetMetricDataV2, following NextToken to the end. */
export async function metricDataV2(api: ConnectApi, body: MetricDataV2Request): Promise<MetricResultV2[]> {
  const out: MetricResultV2[] = [];
  let NextToken: string | undefined;
  do {
    const page = await request<{ MetricResults?: MetricResultV2[]; NextToken?: string }>(api.token, 'POST', '/metrics/data', { ...body, MaxResults: 100, ...(NextToken ? { NextToken } : {}) });
    out.push(...(page.MetricResults ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/**
 * Opens the live board stream with the session's Bearer token (fetch, since EventSource cannot
 * send headers). Resolves with the body once the server accepted; rejects with ApiError otherwise.
 */
export async function openLiveStream(api: ConnectApi, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  let res: Response;
  try {
    res = await fetch(`/metrics/live/${enc(api.instanceId)}`, { headers: { authorization: `Bearer ${api.token}`, accept: 'text/event-stream' }, signal, cache: 'no-store' });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new ApiError(0, 'NetworkError', 'The server cannot be reached. Check the connection.');
  }
  if (!res.ok || !res.body) {
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    throw new ApiError(res.status, String(json.__type ?? 'Error'), String(json.message ?? res.statusText));
  }
  return res.body;
}
