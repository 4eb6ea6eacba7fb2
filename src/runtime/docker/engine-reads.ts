import { request, type RequestOptions } from "node:http";
import { connect } from "node:net";
import type { Readable } from "node:stream";

/**
 * The few Engine API calls of `status` and of `up` when the emulator image is present (list,
 * inspect, logs tail, network, create, start, remove), without loading dockerode.
 */
export interface EngineReads {
  ping(timeoutMs: number): Promise<boolean>;
  /** GET a JSON document; undefined for 404. */
  json<T>(path: string): Promise<T | undefined>;
  /** GET raw bytes (multiplexed logs); undefined for 404. */
  bytes(path: string): Promise<Buffer | undefined>;
  /** GET a response that keeps coming (`logs?follow=1`), as it comes; undefined for 404. */
  stream(path: string): Promise<Readable | undefined>;
  /** POST or DELETE with an optional JSON body: the status and the parsed answer (if any). */
  send(method: "POST" | "DELETE", path: string, body?: object): Promise<EngineAnswer>;
}

export interface EngineAnswer {
  status: number;
  /** The engine's JSON answer, or its `message` for an error. */
  json?: unknown;
  message: string;
}

type Target = { socketPath: string } | { host: string; port: number };

/**
 * Where DOCKER_HOST points, when plain HTTP reaches it: a unix socket (the default) or tcp:// without
 * TLS. Undefined for ssh://, TLS (DOCKER_TLS_VERIFY) and the rest: those go through dockerode.
 */
export function engineTarget(env: NodeJS.ProcessEnv = process.env): Target | undefined {
  const host = env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
  if (host.startsWith("unix://")) return { socketPath: host.slice("unix://".length) };
  if (host.startsWith("tcp://") && !env.DOCKER_TLS_VERIFY && !env.DOCKER_CERT_PATH) {
    const url = new URL(`http://${host.slice("tcp://".length)}`);
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return undefined;
}

/** Engine reads over node:http: dockerode's import alone costs more CPU than a whole `rpi status`. */
export function httpEngineReads(target: Target): EngineReads {
  const to = reach(target);
  const call = (method: string, path: string, payload?: object, timeoutMs = 60_000) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const data = payload === undefined ? undefined : JSON.stringify(payload);
      const headers = data === undefined ? {} : { "Content-Type": "application/json" };
      const req = request({ ...to, path, method, headers, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      });
      req.on("timeout", () =>
        req.destroy(new Error(`Docker engine: no answer to ${method} ${path}`)),
      );
      req.on("error", reject);
      req.end(data);
    });
  const get = (path: string, timeoutMs?: number) => call("GET", path, undefined, timeoutMs);
  const checked = async (path: string): Promise<Buffer | undefined> => {
    const { status, body } = await get(path);
    if (status === 404) return undefined;
    if (status < 200 || status >= 300) {
      throw new Error(
        `Docker engine: GET ${path} answered ${status}: ${body.toString("utf8").trim()}`,
      );
    }
    return body;
  };
  return {
    ping: (timeoutMs) =>
      get("/_ping", timeoutMs).then(
        ({ status }) => status === 200,
        () => false,
      ),
    json: async <T>(path: string) => {
      const body = await checked(path);
      return body === undefined ? undefined : (JSON.parse(body.toString("utf8")) as T);
    },
    bytes: checked,
    stream: (path) =>
      new Promise((resolve, reject) => {
        const req = request({ ...to, path, method: "GET" }, (res) => {
          const status = res.statusCode ?? 0;
          if (status === 404) {
            res.resume();
            return resolve(undefined);
          }
          if (status < 200 || status >= 300) {
            res.resume();
            return reject(new Error(`Docker engine: GET ${path} answered ${status}`));
          }
          resolve(res);
        });
        req.on("error", reject);
        req.end();
      }),
    send: async (method, path, payload) => {
      const { status, body } = await call(method, path, payload);
      const text = body.toString("utf8").trim();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const message = (json as { message?: string } | undefined)?.message ?? text;
      return { status, json, message };
    },
  };
}

/**
 * A unix socket is connected directly, one connection per request, not through node's HTTP agent:
 * the agent checks whether the server name "localhost" is an IP address, and node's first IPv6 test
 * compiles a large regular expression (~5 ms of a ~0.1 s `rpi status`, measured).
 */
function reach(target: Target): RequestOptions {
  if ("host" in target) return target;
  return { createConnection: () => connect(target.socketPath) };
}
