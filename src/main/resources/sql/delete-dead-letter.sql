-- A replayed dead letter that the target took is removed, in the transaction that wrote its row.
DELETE FROM migrator.dead_letter WHERE id = :#${body.letter.id}
