import { strict as assert } from "node:assert";
import { sshTurnedAway } from "../../../src/project/ssh-retry.js";

describe("sshTurnedAway", () => {
  it("retries a connection the guest closed before its identification (nothing ran there)", () => {
    assert.equal(
      sshTurnedAway(255, "kex_exchange_identification: Connection closed by remote host\r\n"),
      true,
    );
    assert.equal(
      sshTurnedAway(255, "kex_exchange_identification: read: Connection reset by peer\n"),
      true,
    );
  });

  it("never retries a command that ran, a refused key or a refused connection", () => {
    assert.equal(sshTurnedAway(1, ""), false);
    assert.equal(
      sshTurnedAway(1, "kex_exchange_identification: Connection closed by remote host"),
      false,
    );
    assert.equal(sshTurnedAway(255, "pi@127.0.0.1: Permission denied (publickey)."), false);
    assert.equal(
      sshTurnedAway(255, "ssh: connect to host 127.0.0.1 port 2222: Connection refused"),
      false,
    );
    assert.equal(sshTurnedAway(undefined, ""), false);
  });
});
