import { strict as assert } from "node:assert";
import { parseOsRelease, parsePasswd } from "../../../src/disk/image-facts.js";
import { ConfigError } from "../../../src/errors.js";
import { imageOpenError } from "../../../src/disk/image-identity.js";

describe("image facts parsing", () => {
  it("parses os-release, removing quotes and ignoring comments", () => {
    assert.deepEqual(
      parseOsRelease(
        "# c\nPRETTY_NAME=\"Raspbian GNU/Linux 12 (bookworm)\"\nID=raspbian\nVERSION_ID='12'\n",
      ),
      {
        PRETTY_NAME: "Raspbian GNU/Linux 12 (bookworm)",
        ID: "raspbian",
        VERSION_ID: "12",
      },
    );
  });

  it("parses /etc/passwd into users with uid, gid and home, skipping broken lines", () => {
    assert.deepEqual(
      parsePasswd("root:x:0:0:root:/root:/bin/sh\nbroken\npi:x:1000:1000:,,,:/home/pi:/bin/bash\n"),
      [
        { name: "root", uid: 0, gid: 0, home: "/root" },
        { name: "pi", uid: 1000, gid: 1000, home: "/home/pi" },
      ],
    );
  });
});

describe("imageOpenError", () => {
  const err = (code: string) => Object.assign(new Error(code), { code });
  it("says an unreadable image cannot be read and that rpi only reads it", () => {
    const e = imageOpenError("/imgs/locked.img", err("EACCES"));
    assert.ok(e instanceof ConfigError);
    assert.equal(e.message, "/imgs/locked.img cannot be read (permission denied)");
    assert.match(e.hint ?? "", /readable/);
  });
  it("says a missing image does not exist", () => {
    assert.equal(
      imageOpenError("/imgs/gone.img", err("ENOENT")).message,
      "/imgs/gone.img does not exist",
    );
  });
});
