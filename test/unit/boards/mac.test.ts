import { deepStrictEqual, match, notDeepStrictEqual } from "node:assert/strict";
import { machineMac } from "../../../src/boards/mac.js";

describe("machineMac", () => {
  it("is the first six bytes of sha256(project/machine), locally administered and unicast", () => {
    // sha256("lab/db") starts 21 11 fe 6c b3 d2: 0x21 gains bit 1 and loses bit 0 → 0x22.
    deepStrictEqual(machineMac("lab", "db"), "22:11:fe:6c:b3:d2");
    // sha256("lab/web") starts d6 3e 98 48 c5 45: 0xd6 already has the right bits.
    deepStrictEqual(machineMac("lab", "web"), "d6:3e:98:48:c5:45");
  });

  it("is the same on every call and differs between machines and projects", () => {
    deepStrictEqual(machineMac("lab", "web"), machineMac("lab", "web"));
    notDeepStrictEqual(machineMac("lab", "web"), machineMac("lab", "db"));
    notDeepStrictEqual(machineMac("lab", "web"), machineMac("lab2", "web"));
  });

  it("always sets the locally-administered bit and clears the multicast bit", () => {
    for (let i = 0; i < 200; i++) {
      const mac = machineMac("p", `m${i}`);
      match(mac, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      const first = parseInt(mac.slice(0, 2), 16);
      deepStrictEqual(first & 0x03, 0x02, mac);
    }
  });
});
