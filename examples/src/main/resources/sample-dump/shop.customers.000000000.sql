/*!40101 SET NAMES binary*/;
/*!40014 SET FOREIGN_KEY_CHECKS=0*/;
/*!40103 SET TIME_ZONE='+00:00' */;
INSERT INTO `customers` VALUES
(1,'Ada Lovelace','ada@example.com',1815.1210,'1815-12-10','2026-01-01 09:00:00.000','first programmer'),
(2,'Zoë Ångström','zoe@example.se',-42.5000,NULL,'2026-01-02 10:30:15.250','Unicode: naïve café, 日本語, emoji 🚀'),
(3,'O\'Brien \"Bob\"',NULL,0.0000,'1970-01-01','2026-01-03 00:00:00.999','quotes \' and \" and a backslash \\ and a tab\tend'),
(4,'Multi Line','multi@example.com',99999999999999.9999,'2000-02-29','2026-01-04 23:59:59.000','line one\nline two\r\nline three'),
(18446744073709551615,'Max Unsigned','max@example.com',-99999999999999.9999,'9999-12-31','2026-01-05 12:00:00.000',''),
(6,'Null Note','null@example.com',0.0001,NULL,'2026-01-06 12:00:00.000',NULL),
(7,'The Text NULL','text-null@example.com',1.0000,NULL,'2026-01-07 12:00:00.000','NULL'),
(8,'Backslash N','bn@example.com',2.0000,NULL,'2026-01-08 12:00:00.000','\\N');
