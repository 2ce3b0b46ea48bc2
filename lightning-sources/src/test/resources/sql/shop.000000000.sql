/*!40014 SET FOREIGN_KEY_CHECKS=0*/;
/*!40101 SET NAMES binary*/;
-- Dumpling writes one INSERT per about 1 MiB of rows
INSERT INTO `shop` VALUES
(1,'apple',1.50,NULL,_binary'\0\n',0x0aF1,'2024-01-01 00:00:00'),
(2,'it''s "fine"',-3,'NULL',_binary'',X'',NULL),
(3,'😀 naïve\\',1e3,'',_binary'x',0x00,'line1
line2');
/* a block comment
   spanning lines; with a semicolon */
# a hash comment; INSERT INTO `shop` VALUES (99);
LOCK TABLES `shop` WRITE;
SET @saved = 'INSERT INTO x VALUES (98); -- not data';
INSERT INTO `db`.`shop` (`id`,`na``me`,`price`) VALUES (4,"four",4.0),(5,"five",5);
UNLOCK TABLES;
REPLACE INTO shop VALUES (6,"six",6);
INSERT IGNORE INTO `shop` VALUES (7,"seven",7) /* trailing comment */ ;
