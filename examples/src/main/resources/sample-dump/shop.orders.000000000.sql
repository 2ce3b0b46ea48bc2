/*!40101 SET NAMES binary*/;
/*!40014 SET FOREIGN_KEY_CHECKS=0*/;
INSERT INTO `orders` (`id`,`customer_id`,`status`,`tags`,`total`,`paid_at`,`flags`,`payload`,`receipt`) VALUES
(1,1,'paid','gift,express',19.99,'2026-02-01 10:00:00',b'00000101','{"items": [1, 2], "coupon": null}',_binary 'PDF\0\Z'),
(2,2,'new',NULL,0.00,NULL,0x0F,NULL,NULL),
(3,2,'shipped','fragile',1234567890.12,'2026-02-03 08:15:00',b'1','{"note": "quote \\" inside"}',X'DEADBEEF00FF');
