/*!40101 SET NAMES binary*/;
-- a second file of the same table, imported in parallel
INSERT INTO `orders` (`id`,`customer_id`,`status`,`tags`,`total`,`paid_at`,`flags`,`payload`,`receipt`) VALUES
(4,3,'cancelled','',-5.50,NULL,b'11111111','[]',''),
(5,18446744073709551615,'paid','gift',7.00,'2038-01-19 03:14:07',0,'{"emoji": "🚀"}',_binary '');
