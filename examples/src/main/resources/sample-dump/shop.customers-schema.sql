/*!40101 SET NAMES binary*/;
CREATE TABLE `customers` (
  `id` bigint unsigned NOT NULL,
  `name` varchar(100) NOT NULL,
  `email` varchar(255) DEFAULT NULL,
  `balance` decimal(20,4) NOT NULL DEFAULT '0.0000',
  `born` date DEFAULT NULL,
  `created_at` datetime(3) NOT NULL,
  `note` text,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_email` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
