// resolve.mjs: a module resolve hook for dt-sql-parser, whose ES modules
// import relative paths without the .js extension (which bundlers accept and
// Node does not).  Loaded with `node --import ./tests/sql/register.mjs`.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function resolve(spec, ctx, next) {
  if ((spec.startsWith('./') || spec.startsWith('../')) && ctx.parentURL &&
      ctx.parentURL.includes('/dt-sql-parser/')) {
    const p = fileURLToPath(new URL(spec, ctx.parentURL));
    if (!existsSync(p) || statSync(p).isDirectory()) {
      if (existsSync(p + '.js')) return next(spec + '.js', ctx);
      if (existsSync(p + '/index.js')) return next(spec + '/index.js', ctx);
    }
  }
  return next(spec, ctx);
}
