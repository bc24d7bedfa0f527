// `npm run pack:client [-- --destination <dir>]`: writes dist/bedrock-admin-client-<version>.tgz.
import { resolve } from 'node:path';
import { packClient } from './pack';

const at = process.argv.indexOf('--destination');
const destination = at > 0 ? resolve(process.argv[at + 1] ?? 'dist') : undefined;
const { tarball, files } = packClient(destination, (line) => console.log(`[pack:client] ${line}`));
console.log(`[pack:client] ${tarball} (${files.length} files: ${files.join(', ')})`);
