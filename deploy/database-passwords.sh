#!/bin/sh
# Run by the MariaDB image once, when it initialises an empty data directory, after database-bootstrap.sql: that file
# gives each account the local stack's known password, and this gives each the one the deployment was given (.env,
# see .env.example). The server answers nobody but this script while it runs, so no known password is ever usable.
set -eu

sql_text() {
  printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g"
}

# the statements are made first, so that a missing password stops the script before anything is sent
statements=$(
  for account in order_service inventory_service coupon_service customer_wallet_service cart_service ranking_service relay_service cdc; do
    variable="HH_$(printf '%s' "$account" | tr 'a-z' 'A-Z')_DB_PASSWORD"
    eval "password=\${$variable:-}"
    if [ -z "$password" ]; then
      echo "$variable is not set: every account needs a password of its own (see .env.example)" >&2
      exit 1
    fi
    for host in '%' localhost; do
      # printf, not echo: dash's echo would read the doubled backslashes as escapes
      printf "ALTER USER '%s'@'%s' IDENTIFIED BY '%s';\n" "$account" "$host" "$(sql_text "$password")"
    done
  done
  # the benchmark's monolith baseline is no part of a deployment
  echo "DROP USER IF EXISTS 'monolith'@'%', 'monolith'@'localhost';"
  echo "DROP DATABASE IF EXISTS monolith;"
  echo "FLUSH PRIVILEGES;"
)
printf '%s\n' "$statements" | mariadb --protocol=socket -uroot -p"$MARIADB_ROOT_PASSWORD"
