UPDATE [orders] SET [paid] = 1 WHERE [total] = 0;
