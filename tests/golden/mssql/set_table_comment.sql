EXECUTE sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Customers'' orders', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'orders';
EXECUTE sys.sp_updateextendedproperty @name = N'MS_Description', @value = N'People who bought', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'customers';
EXECUTE sys.sp_dropextendedproperty @name = N'MS_Description', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'customers';
