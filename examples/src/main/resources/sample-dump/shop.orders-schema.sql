/*!40101 SET NAMES binary*/;
CREATE TABLE `orders` (
  `id` int NOT NULL AUTO_INCREMENT,
  `customer_id` bigint unsigned NOT NULL,
  `status` enum('new','paid','shipped','cancelled') NOT NULL DEFAULT 'new',
  `tags` set('gift','express','fragile') DEFAULT NULL,
  `total` decimal(12,2) NOT NULL,
  `paid_at` timestamp NULL DEFAULT NULL,
  `flags` bit(8) NOT NULL DEFAULT b'0',
  `payload` json DEFAULT NULL,
  `receipt` blob,
  PRIMARY KEY (`id`),
  KEY `idx_customer` (`customer_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
