import type Docker from "dockerode";
import type { Readable } from "node:stream";
import type { EngineReads } from "./engine-reads.js";

/**
 * A dockerode client for DOCKER_HOST (ssh://, TLS and the rest that dockerode understands).
 * Imported on first use only: a static import would be hoisted to the top of the bundle.
 */
export async function dockerodeClient(): Promise<Docker> {
  // dockerode is CommonJS (`export =`): node hands its module.exports over as the default export.
  const { default: DockerClient } = (await import("dockerode")) as unknown as {
    default: typeof Docker;
  };
  return new DockerClient();
}

/** Engine reads through dockerode, for engines plain HTTP can't reach (ssh://, TLS). */
export function dockerodeReads(docker: Docker): EngineReads {
  const dial = (path: string) =>
    new Promise<Buffer | undefined>((resolve, reject) => {
      docker.modem.dial(
        { path, method: "GET", statusCodes: { 200: true, 404: true }, options: {} },
        (error: unknown, data: unknown) => {
          if (error) return reject(error);
          if (data === undefined || data === null) return resolve(undefined);
          resolve(Buffer.isBuffer(data) ? data : Buffer.from(JSON.stringify(data)));
        },
      );
    });
  return {
    ping: (timeoutMs) =>
      Promise.race([
        docker.ping().then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs)),
      ]),
    json: async <T>(path: string) => {
      const body = await dial(path);
      return body === undefined ? undefined : (JSON.parse(body.toString("utf8")) as T);
    },
    bytes: dial,
    stream: (path) =>
      new Promise((resolve, reject) => {
        docker.modem.dial(
          {
            path,
            method: "GET",
            isStream: true,
            statusCodes: { 200: true, 404: true },
            options: {},
          },
          (error: unknown, data: unknown) => {
            if (error) return reject(error);
            resolve((data as Readable | null) ?? undefined);
          },
        );
      }),
    send: (method, path, payload) =>
      new Promise((resolve) => {
        docker.modem.dial(
          {
            path,
            method,
            options: payload ?? {},
            isStream: false,
            statusCodes: { 200: true, 201: true, 204: true, 304: true },
          },
          (error: unknown, data: unknown) => {
            const status = (error as { statusCode?: number } | null)?.statusCode ?? 200;
            const message = error ? String((error as Error).message) : "";
            resolve({ status: error ? status : 200, json: data, message });
          },
        );
      }),
  };
}
