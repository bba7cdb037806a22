// The benchmark's Worker: the bundled Parley Worker (./worker.js, copied beside it) with its D1
// binding wrapped to count the queries it runs, readable at /__bench/d1-queries. A statement
// counts when it runs (first, all, run, raw); a batch counts each of its statements.
import worker from './worker.js';

let queries = 0;

class CountedStatement {
  constructor(inner) {
    this.inner = inner;
  }
  bind(...values) {
    return new CountedStatement(this.inner.bind(...values));
  }
  first(...args) {
    queries++;
    return this.inner.first(...args);
  }
  all() {
    queries++;
    return this.inner.all();
  }
  run() {
    queries++;
    return this.inner.run();
  }
  raw(...args) {
    queries++;
    return this.inner.raw(...args);
  }
}

function counted(db) {
  return {
    prepare: (sql) => new CountedStatement(db.prepare(sql)),
    batch: (statements) => {
      queries += statements.length;
      return db.batch(statements.map((s) => s.inner));
    },
    exec: (sql) => {
      queries++;
      return db.exec(sql);
    },
    dump: () => db.dump(),
  };
}

// One wrapped env per isolate: the Worker builds its app once per env object.
const wrapped = new WeakMap();

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === '/__bench/d1-queries') return Response.json({ queries });
    if (!wrapped.has(env)) wrapped.set(env, { ...env, DB: counted(env.DB) });
    return worker.fetch(request, wrapped.get(env), ctx);
  },
  scheduled(controller, env, ctx) {
    return worker.scheduled(controller, env, ctx);
  },
};
