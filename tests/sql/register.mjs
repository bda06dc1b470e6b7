// register.mjs: installs resolve.mjs (see there) before the test runs.
import { register } from 'node:module';
register('./resolve.mjs', import.meta.url);
