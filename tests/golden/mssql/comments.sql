-- step 1
CREATE TABLE [notes] ([id] INT NOT NULL, [body] NVARCHAR(MAX) NOT NULL, CONSTRAINT [pk_notes] PRIMARY KEY ([id]));
EXECUTE sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Notes people write', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'notes';
EXECUTE sys.sp_addextendedproperty @name = N'MS_Description', @value = N'the text', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'notes', @level2type = N'COLUMN', @level2name = N'body';
-- step 2
EXECUTE sys.sp_dropextendedproperty @name = N'MS_Description', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'notes', @level2type = N'COLUMN', @level2name = N'body';
EXECUTE sys.sp_updateextendedproperty @name = N'MS_Description', @value = N'Notes', @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'notes';
