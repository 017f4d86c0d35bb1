// Runs s3rver in its own Node process. s3rver encrypts ListObjectsV2 continuation tokens with DES,
// which OpenSSL 3 only offers through its legacy provider: the parent starts this file with
// `--openssl-legacy-provider`, which cannot be turned on inside an already running test worker.
import S3rver from 's3rver';

const directory = process.argv[2];
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
const { port } = await server.run();
process.send?.({ port });
process.on('message', (message) => {
  if (message === 'close') {
    server.close().finally(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
