// Preload: runs PG_SESSION_SETTINGS on every new PostgreSQL connection the process opens, to have
// the server measure one run. The database must let the user LOAD and SET these (a superuser: the
// local development server's trust auth does). Results go to the server log
// (/var/log/postgresql/postgresql-*-main.log); bench/tools/pg-log-stats.js reads them. Examples:
//   PG_SESSION_SETTINGS="SET log_statement_stats = on; SET log_min_error_statement = log"   CPU per statement
//   PG_SESSION_SETTINGS="SET log_parser_stats = on; SET log_planner_stats = on"             parse and plan CPU
//   PG_SESSION_SETTINGS="LOAD 'auto_explain'; SET auto_explain.log_min_duration = 20; SET auto_explain.log_analyze = on; SET auto_explain.log_timing = off"
const pg = require('pg');

const settings = process.env.PG_SESSION_SETTINGS;
if (settings) {
  const connect = pg.Client.prototype.connect;
  pg.Client.prototype.connect = function (callback) {
    const configured = connect.call(this).then(() => this.query(settings)).then(() => this);
    if (callback === undefined) return configured;
    configured.then((c) => callback(null, c), (e) => callback(e));
    return undefined;
  };
}
