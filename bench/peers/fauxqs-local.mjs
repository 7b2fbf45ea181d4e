// fauxqs's startFauxqs() always listens on 0.0.0.0; the bench binds every server to 127.0.0.1 only,
// so this builds the same app from its parts and listens on loopback.
import { buildApp } from "fauxqs";
import { SqsStore } from "./node_modules/fauxqs/dist/sqs/sqsStore.js";
import { SnsStore } from "./node_modules/fauxqs/dist/sns/snsStore.js";
import { S3Store } from "./node_modules/fauxqs/dist/s3/s3Store.js";

const port = Number.parseInt(process.argv[2] ?? "4566", 10);
const app = buildApp({
  logger: false,
  host: "127.0.0.1",
  stores: { sqsStore: new SqsStore(), snsStore: new SnsStore(), s3Store: new S3Store() },
});
await app.listen({ port, host: "127.0.0.1" });
console.log(`fauxqs listening on http://127.0.0.1:${port}`);
