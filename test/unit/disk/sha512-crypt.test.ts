import { strict as assert } from "node:assert";
import { sha512Crypt } from "../../../src/disk/sha512-crypt.js";

describe("sha512Crypt", () => {
  it("matches the reference vector of the SHA-crypt specification", () => {
    assert.equal(
      sha512Crypt("Hello world!", "saltstring"),
      "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
    );
  });

  it("matches openssl passwd -6 for a password longer than 64 bytes", () => {
    // openssl passwd -6 -salt abc "$(printf 'x%.0s' $(seq 130))"
    assert.equal(
      sha512Crypt("x".repeat(130), "abc"),
      "$6$abc$8knRde6bUcKt60C1r6lJVhEsk308eHiET26Y6K6rfZjmcxVa7T7KVJE9BXzBwwbgav0R3aIuLSdeo/e4Fs99m.",
    );
  });

  it("uses at most 16 salt characters, as glibc does", () => {
    assert.equal(sha512Crypt("pw", "0123456789abcdefXYZ"), sha512Crypt("pw", "0123456789abcdef"));
    assert.match(
      sha512Crypt("pw", "0123456789abcdefXYZ"),
      /^\$6\$0123456789abcdef\$[./0-9A-Za-z]{86}$/,
    );
  });
});
