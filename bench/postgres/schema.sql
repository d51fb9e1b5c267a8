-- Schema for the PostgreSQL baseline of Noaber's transfer work (issue 6).
-- Run by run.sh with psql variables :naccounts, :min_balance, :max_balance.

-- One row per resident. The CHECK constraints are a backstop: transfer() refuses first,
-- so a violated constraint would mean a bug in transfer(), and aborts that transaction.
-- fillfactor 90 leaves room on each page for HOT updates, the usual setting for a table
-- updated in place.
CREATE TABLE accounts (
  id          integer PRIMARY KEY,
  balance     bigint  NOT NULL,
  min_balance bigint  NOT NULL,
  max_balance bigint  NOT NULL,
  CHECK (min_balance <= balance),
  CHECK (balance <= max_balance)
) WITH (fillfactor = 90);

-- The journal: one row per applied transfer. No foreign keys: transfer() has already read
-- and locked both accounts, which is the existence check; a foreign key would repeat it.
CREATE TABLE transfers (
  id         bigserial   PRIMARY KEY,
  from_id    integer     NOT NULL,
  to_id      integer     NOT NULL,
  amount     bigint      NOT NULL CHECK (amount > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- transfer(payer, payee, amount) applies one double-entry transfer or refuses it.
-- Returns 0 applied, 1 payer would drop below its minimum, 2 payee would rise above its
-- maximum, 3 payer and payee are the same, 4 unknown account, 5 amount not positive.
-- A refusal changes nothing. Both rows are locked in id order, so concurrent transfers
-- cannot deadlock; then checked against the locked view; then both balances and the
-- journal row are written in the caller's transaction.
CREATE FUNCTION transfer(payer integer, payee integer, amount bigint)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  payer_balance bigint;
  payer_min     bigint;
  payee_balance bigint;
  payee_max     bigint;
  first_id      integer := least(payer, payee);
  second_id     integer := greatest(payer, payee);
  first_row     accounts%ROWTYPE;
  second_row    accounts%ROWTYPE;
BEGIN
  -- Well-formed, without state.
  IF amount <= 0 THEN RETURN 5; END IF;
  IF payer = payee THEN RETURN 3; END IF;
  -- Against a locked view of state.
  SELECT * INTO first_row FROM accounts WHERE id = first_id FOR UPDATE;
  IF NOT FOUND THEN RETURN 4; END IF;
  SELECT * INTO second_row FROM accounts WHERE id = second_id FOR UPDATE;
  IF NOT FOUND THEN RETURN 4; END IF;
  IF payer = first_id THEN
    payer_balance := first_row.balance;  payer_min := first_row.min_balance;
    payee_balance := second_row.balance; payee_max := second_row.max_balance;
  ELSE
    payer_balance := second_row.balance; payer_min := second_row.min_balance;
    payee_balance := first_row.balance;  payee_max := first_row.max_balance;
  END IF;
  IF payer_balance - amount < payer_min THEN RETURN 1; END IF;
  IF payee_balance + amount > payee_max THEN RETURN 2; END IF;
  -- Apply: both sides and the journal row, atomically with the caller's commit.
  UPDATE accounts SET balance = balance - amount WHERE id = payer;
  UPDATE accounts SET balance = balance + amount WHERE id = payee;
  INSERT INTO transfers (from_id, to_id, amount) VALUES (payer, payee, amount);
  RETURN 0;
END;
$$;

-- Every resident starts at zero, so the sum of all balances is zero and must stay zero.
INSERT INTO accounts (id, balance, min_balance, max_balance)
SELECT g, 0, :min_balance, :max_balance FROM generate_series(1, :naccounts) AS g;

VACUUM ANALYZE accounts;
VACUUM ANALYZE transfers;
CHECKPOINT;
