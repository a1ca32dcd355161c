DROP TABLE [orders];
